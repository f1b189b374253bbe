package dev.seatbooking.common.messaging;

import java.time.Instant;
import java.util.Set;

/**
 * cache-service's question to each consumer of the command queue, sent through that queue after
 * Redis lost its data: "is every command delivered to you before this fence settled?" A consumer
 * delivers its messages in queue order and settles each batch before the next, so the consumer that
 * takes the fence can answer for itself once the batch holding it is settled. One that already
 * answered ({@code passed} holds its consumer tag) hands the fence on to another consumer. Past
 * {@code answerBy} nobody waits for the answer any more, and the fence is dropped (a message
 * expiration would send it to the dead-letter queue, among the poison messages).
 */
public record DrainFence(Set<String> passed, Instant answerBy) {

    /** A consumer's answer: everything delivered to it before the fence is committed or dead-lettered. */
    public record Passed(String consumerTag) {
    }
}
