package dev.seatbooking.common.api;

/** The rules a user id in a request body follows. */
final class UserIds {

    /**
     * Some character other than white space (Unicode's), like {@code @NotBlank}, but letting an
     * absent value through: whether one is required depends on the security mode.
     */
    static final String NOT_BLANK = "(?sU).*\\S.*";

    private UserIds() {
    }
}
