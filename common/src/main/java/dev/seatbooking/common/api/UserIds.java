package dev.seatbooking.common.api;

import java.util.regex.Pattern;

/**
 * What a user id is, wherever one comes from (a body, a path, a token's subject): at most 255
 * characters, not only white space, and text PostgreSQL can store exactly as sent, so no NUL
 * character and no half of a surrogate pair (which would be stored as "?", a different id).
 */
public final class UserIds {

    public static final int MAX_LENGTH = 255;

    /**
     * For {@code @Pattern}, which lets an absent value through: whether one is required depends on
     * the security mode. White space is Unicode's, like {@code @NotBlank}.
     */
    public static final String PATTERN = "(?sU)(?!.*[\\x00\\p{Cs}]).*\\S.*";

    public static final String MESSAGE = "must not be blank or contain NUL or unpaired surrogate characters";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private UserIds() {
    }

    public static boolean isValid(String userId) {
        return userId != null && userId.length() <= MAX_LENGTH && COMPILED.matcher(userId).matches();
    }
}
