package dev.seatbooking.common.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Carries a request's trace through a batch. Headers carry the trace of the one message or HTTP
 * exchange they belong to, but a batch carries many reservations at once, each from a request of
 * its own; so each item names its request's trace ({@code traceparent}, W3C format), and the
 * service handling the batch continues that trace for the item. One reservation thus stays one
 * trace across the three services, however it was batched on the way.
 */
@Component
public class BatchedTraces {

    private static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public BatchedTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** The current span as a W3C traceparent, or null outside any trace (or with tracing off). */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Does the work for a whole batch while each item's trace gets a span of that name over it,
     * tagged with the item's booking id; an item that names no trace gets a new one.
     */
    public <I, R> R continueEach(List<I> items, String name, Function<I, String> traceparent,
            ToLongFunction<I> bookingId, Supplier<R> work) {
        List<Span> spans = items.stream().map(item -> start(traceparent.apply(item), name)
                .tag("booking.id", bookingId.applyAsLong(item))).toList();
        try {
            return work.get();
        } finally {
            spans.forEach(Span::end);
        }
    }

    /** {@link #continueEach(List, String, Function, ToLongFunction, Supplier)} for work without a result. */
    public <I> void continueEach(List<I> items, String name, Function<I, String> traceparent,
            ToLongFunction<I> bookingId, Runnable work) {
        continueEach(items, name, traceparent, bookingId, () -> {
            work.run();
            return null;
        });
    }

    private Span start(String traceparent, String name) {
        Span.Builder builder = traceparent == null
                ? tracer.spanBuilder()
                : propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        return builder.name(name).kind(Span.Kind.CONSUMER).start();
    }
}
