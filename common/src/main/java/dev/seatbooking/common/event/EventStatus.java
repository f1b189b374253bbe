package dev.seatbooking.common.event;

/** Whether an event sells: ON_SALE within its sales window; PAUSED for a while; CLOSED for good. */
public enum EventStatus {
    ON_SALE, PAUSED, CLOSED
}
