package dev.seatbooking.booking.batching;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers what many request threads submit at once into batches, one downstream call each, so that
 * a storm of reservations pays one HTTP exchange or one AMQP message per batch instead of one per
 * reservation.
 *
 * <p>There is no timer and no minimum size: a batch is whatever was submitted while the previous
 * batches were in flight (at most {@code maxInFlight} of them). A lone request therefore goes out at
 * once, and under a storm batches grow by themselves until the downstream keeps up. This is group
 * commit, as databases do it for their log.
 *
 * @param <T> what is submitted
 * @param <R> the answer to one item
 */
public final class Batcher<T, R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Batcher.class);

    private record Pending<T, R>(T item, CompletableFuture<R> answer) {
    }

    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Semaphore inFlight;
    private final int maxBatch;
    private final Function<List<T>, CompletableFuture<List<R>>> send;
    private final Thread dispatcher;
    private volatile boolean closed;

    /**
     * @param send the downstream call for one batch; its future completes with one answer per item,
     *        in order, or fails for the whole batch. It must complete eventually (a timeout of its
     *        own), since a batch in flight holds one of the {@code maxInFlight} places.
     */
    public Batcher(String name, int maxBatch, int maxInFlight, Function<List<T>, CompletableFuture<List<R>>> send) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.inFlight = new Semaphore(maxInFlight);
        this.send = send;
        this.dispatcher = new Thread(this::dispatch, name);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(new IllegalStateException("Shutting down"));
        } else {
            queue.add(new Pending<>(item, answer));
        }
        return answer;
    }

    private void dispatch() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                batch.add(queue.take());
                // while every place is taken, more items queue up for the next batch
                inFlight.acquire();
            } catch (InterruptedException e) {
                batch.forEach(pending -> pending.answer().completeExceptionally(e));
                return;
            }
            queue.drainTo(batch, maxBatch - batch.size());
            List<Pending<T, R>> sent = List.copyOf(batch);
            batch.clear();
            start(sent).whenComplete((answers, failure) -> {
                inFlight.release();
                for (int i = 0; i < sent.size(); i++) {
                    if (failure != null) {
                        sent.get(i).answer().completeExceptionally(failure);
                    } else {
                        sent.get(i).answer().complete(answers.get(i));
                    }
                }
            });
        }
    }

    private CompletableFuture<List<R>> start(List<Pending<T, R>> batch) {
        try {
            return send.apply(batch.stream().map(Pending::item).toList())
                    .thenApply(answers -> {
                        if (answers.size() != batch.size()) {
                            throw new IllegalStateException(
                                    answers.size() + " answers for a batch of " + batch.size());
                        }
                        return answers;
                    });
        } catch (RuntimeException e) {
            log.warn("A batch of {} could not be sent: {}", batch.size(), e.toString());
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Stops taking items; what is queued is failed, batches in flight still complete. */
    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
        Pending<T, R> pending;
        while ((pending = queue.poll()) != null) {
            pending.answer().completeExceptionally(new IllegalStateException("Shutting down"));
        }
    }
}
