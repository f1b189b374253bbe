package dev.seatbooking.common.api;

import java.util.regex.Pattern;

/**
 * What a user id or an event name is, wherever it comes from (a body, a path, a token's
 * subject): at most 255 characters, not only white space, and text PostgreSQL stores exactly as
 * sent, so no NUL character and no half of a surrogate pair (which would be stored as "?").
 * booking-service and cache-service apply the same rule, so that nothing booking-service accepts
 * is refused further on.
 */
public final class StorableText {

    public static final int MAX_LENGTH = 255;

    /**
     * For {@code @Pattern}, which lets an absent value through (whether a user id is required
     * depends on the security mode). White space is what {@link Character#isWhitespace} says, as
     * for {@code @NotBlank}.
     */
    public static final String PATTERN = "(?s)(?!.*[\\x00\\p{Cs}]).*[^\\p{javaWhitespace}].*";

    public static final String MESSAGE = "must not be blank or contain NUL or unpaired surrogate characters";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private StorableText() {
    }

    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && COMPILED.matcher(text).matches();
    }
}
