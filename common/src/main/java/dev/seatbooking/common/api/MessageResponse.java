package dev.seatbooking.common.api;

public record MessageResponse(boolean success, String message) {

    public MessageResponse(String message) {
        this(true, message);
    }
}
