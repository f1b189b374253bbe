package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthTest extends SuiteTest {

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/api/bookings/health"})
    void seedHealthUrlsReportEveryDependency(String path) {
        given().get(path).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.db", equalTo("UP"))
                .body("components.redis", equalTo("UP"))
                .body("components.rabbit", equalTo("UP"))
                .body("components.cacheService", equalTo("UP"));
    }

    /** cache-service wants the internal token for info and prometheus (InternalTokenTest), the others nothing in none mode. */
    @Test
    void everyServiceExposesActuatorProbesInfoAndPrometheus() {
        for (int port : new int[] {suite.bookingPort(), suite.cachePort(), suite.queueWorker().port()}) {
            given().port(port).get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
            given().port(port).get("/actuator/health/liveness").then().statusCode(200);
            given().port(port).get("/actuator/health/readiness").then().statusCode(200);
            given().port(port).header("Authorization", "Bearer " + RunningSuite.INTERNAL_TOKEN)
                    .get("/actuator/info").then().statusCode(200);
            given().port(port).header("Authorization", "Bearer " + RunningSuite.INTERNAL_TOKEN)
                    .get("/actuator/prometheus").then().statusCode(200)
                    .body(containsString("jvm_memory_used_bytes"));
        }
    }

    /**
     * Build info always; git info when the build ran in a git checkout (a source archive has none),
     * and then the commit that was checked out. Each service reads its own build info, even here
     * where the three share one class path; that each jar carries it is checked by .ci/run, which
     * starts them with ./run.sh.
     */
    @Test
    void everyServiceTellsItsBuildAndCommit() throws Exception {
        Optional<String> head = checkedOutCommit();
        Map<String, Integer> services = Map.of("booking-service", suite.bookingPort(), "cache-service", suite.cachePort(),
                "queue-worker", suite.queueWorker().port());
        for (Map.Entry<String, Integer> service : services.entrySet()) {
            int port = service.getValue();
            // cache-service's actuator wants the internal token beyond health; the others ignore it
            JsonPath info = given().port(port).header("Authorization", "Bearer " + RunningSuite.INTERNAL_TOKEN)
                    .get("/actuator/info").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(info.getString("build.group")).isEqualTo("dev.seatbooking");
            assertThat(info.getString("build.artifact")).isEqualTo(service.getKey());
            assertThat(info.getString("build.version")).isEqualTo("1.0.0-SNAPSHOT");
            assertThat(info.getString("build.time")).isNotBlank();
            if (head.isPresent()) {
                assertThat(info.getString("git.commit.id")).hasSizeGreaterThanOrEqualTo(7);
                assertThat(head.get()).startsWith(info.getString("git.commit.id"));
                assertThat(info.getString("git.branch")).isNotBlank();
            } else {
                assertThat(info.getMap("git")).isNull();
            }
        }
    }

    private static Optional<String> checkedOutCommit() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        if (!Files.exists(root.resolve(".git"))) {
            return Optional.empty();
        }
        Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD").start();
        String commit = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(git.waitFor()).isZero();
        return Optional.of(commit);
    }

    @Test
    void reservationOutcomesAreCounted() {
        reserve(987_654_320L, newUser()).then().statusCode(404);
        given().get("/actuator/prometheus").then().statusCode(200)
                .body(containsString("booking_reservations_total{"))
                .body(containsString("outcome=\"EVENT_NOT_FOUND\""));
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        for (int port : new int[] {suite.bookingPort(), suite.cachePort(), suite.queueWorker().port()}) {
            RequestSpecification withToken = given().port(port)
                    .header("Authorization", "Bearer " + RunningSuite.INTERNAL_TOKEN);
            assertThat(withToken.get("/actuator").then().statusCode(200)
                    .extract().jsonPath().getMap("_links").keySet())
                    .containsExactlyInAnyOrder("self", "health", "health-path", "info", "prometheus");
            withToken.get("/actuator/env").then().statusCode(404);
            withToken.get("/actuator/beans").then().statusCode(404);
        }
    }
}
