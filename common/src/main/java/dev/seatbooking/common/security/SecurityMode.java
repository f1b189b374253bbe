package dev.seatbooking.common.security;

/** Who a caller is: whatever the body says (the seed's behaviour), or the subject of a verified JWT. */
public enum SecurityMode {
    NONE, JWT
}
