package dev.seatbooking.common.api;

public record EventResponse(boolean success, EventView event) {

    public EventResponse(EventView event) {
        this(true, event);
    }
}
