package dev.seatbooking.common.messaging;

import java.util.Set;

/**
 * cache-service's question to each consumer of the command queue, sent through that queue after
 * Redis lost its data: "is every command delivered to you before this fence settled?" A consumer
 * delivers its messages in queue order and settles each batch before the next, so the consumer that
 * takes the fence can answer for itself once the batch holding it is settled. One that already
 * answered ({@code passed} holds its consumer tag) hands the fence on to another consumer.
 */
public record DrainFence(Set<String> passed) {

    /** A consumer's answer: everything delivered to it before the fence is committed or dead-lettered. */
    public record Passed(String consumerTag) {
    }
}
