package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The AOT caches' training load (scripts/AotTraining.java, run by ./run.sh --train-aot) drives the
 * suite as the README says: every request gets an answer it expects, so a training never records a
 * path of 429s, 5xx or broken requests in place of the hot paths.
 */
class AotTrainingScriptTest extends SuiteTest {

    private static final File SCRIPT = new File("../scripts/AotTraining.java");

    @Test
    void theTrainingLoadGetsOnlyTheAnswersItExpects() throws Exception {
        // its virtual threads need Java 21; ./run.sh trains on 25 only
        assumeTrue(Runtime.version().feature() >= 21, "the training load needs Java 21 or later");
        assertThat(SCRIPT).as("scripts/AotTraining.java, where run.sh runs it").isFile();
        String java = ProcessHandle.current().info().command().orElseThrow();

        Process process = new ProcessBuilder(java, SCRIPT.getPath(), "http://localhost:" + suite.bookingPort(), "1", "40")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("training load: rounds 1,", "reserve 201", "hold 201", "confirm 201",
                "release hold 200", "cancel 200", "reserve 409");
    }
}
