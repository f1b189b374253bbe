package dev.seatbooking.common.api;

public record HoldResponse(boolean success, HoldView hold) {

    public HoldResponse(HoldView hold) {
        this(true, hold);
    }
}
