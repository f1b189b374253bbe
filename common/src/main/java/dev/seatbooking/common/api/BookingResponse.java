package dev.seatbooking.common.api;

public record BookingResponse(boolean success, BookingView booking) {

    public BookingResponse(BookingView booking) {
        this(true, booking);
    }
}
