package dev.seatbooking.booking.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The batching rule on its own: no timer, batches are what queued up while the places were taken. */
class BatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aLoneItemGoesOutAtOnceAndGetsItsOwnAnswer() throws Exception {
        try (Batcher<Integer, String> batcher = new Batcher<>("test", 10, 1, batch -> CompletableFuture.completedFuture(
                batch.stream().map(i -> "answer " + i).toList()))) {
            assertThat(batcher.submit(7).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("answer 7");
        }
    }

    @Test
    void whatArrivesWhileEveryPlaceIsTakenTravelsTogetherInOrder() throws Exception {
        List<List<Integer>> sent = new CopyOnWriteArrayList<>();
        List<CompletableFuture<List<Integer>>> downstream = new CopyOnWriteArrayList<>();
        try (Batcher<Integer, Integer> batcher = new Batcher<>("test", 3, 1, batch -> {
            sent.add(batch);
            CompletableFuture<List<Integer>> call = new CompletableFuture<>();
            downstream.add(call);
            return call;
        })) {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            answers.add(batcher.submit(0));
            awaitSize(downstream, 1);
            // the only place is taken: these queue up, and go at most three at a time
            for (int i = 1; i <= 4; i++) {
                answers.add(batcher.submit(i));
            }
            downstream.get(0).complete(List.of(0));
            awaitSize(downstream, 2);
            downstream.get(1).complete(List.of(10, 20, 30));
            awaitSize(downstream, 3);
            downstream.get(2).complete(List.of(40));

            assertThat(sent).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4));
            assertThat(answers).extracting(CompletableFuture::join).containsExactly(0, 10, 20, 30, 40);
        }
    }

    @Test
    void aFailedOrMiscountedBatchFailsEachOfItsItems() {
        try (Batcher<Integer, Integer> failing = new Batcher<>("test", 10, 1,
                batch -> CompletableFuture.failedFuture(new IllegalStateException("downstream gone")));
                Batcher<Integer, Integer> throwing = new Batcher<>("test", 10, 1, batch -> {
                    throw new IllegalStateException("cannot send");
                });
                Batcher<Integer, Integer> miscounting = new Batcher<>("test", 10, 1,
                        batch -> CompletableFuture.completedFuture(List.of()))) {
            assertThat(failing.submit(1)).failsWithin(WAIT).withThrowableThat().withMessageContaining("downstream gone");
            assertThat(throwing.submit(1)).failsWithin(WAIT).withThrowableThat().withMessageContaining("cannot send");
            assertThat(miscounting.submit(1)).failsWithin(WAIT).withThrowableThat()
                    .withMessageContaining("0 answers for a batch of 1");
        }
    }

    @Test
    void aClosedBatcherRefusesNewItems() {
        Batcher<Integer, Integer> batcher = new Batcher<>("test", 10, 1, CompletableFuture::completedFuture);
        batcher.close();

        assertThat(batcher.submit(1)).failsWithin(WAIT).withThrowableThat().withMessageContaining("Shutting down");
    }

    @Test
    void sizesBelowOneAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Batcher<Integer, Integer>("test", 0, 1, CompletableFuture::completedFuture));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Batcher<Integer, Integer>("test", 1, 0, CompletableFuture::completedFuture));
    }

    private static void awaitSize(List<?> list, int size) {
        await().atMost(WAIT).until(() -> list.size() >= size);
    }
}
