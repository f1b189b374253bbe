package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * booking-service's OpenAPI document: what it publishes is what docs/openapi.json holds, so that
 * every change of the API is a deliberate one; it is the same in both security modes; it tells the
 * truth about the JSON the API sends; and Swagger UI shows it without credentials.
 */
class OpenApiTest extends SuiteTest {

    /** How to bring docs/openapi.json up to date after a deliberate change of the API. */
    static final String REGENERATE = "./mvnw -B test -pl system-tests -am -Dtest=OpenApiTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.update=true";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Keys sorted and one value a line, so that a change of the API is a readable diff. */
    private static final ObjectWriter CANONICAL = JSON.writer(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .with(new DefaultPrettyPrinter(new Separators().withObjectNameValueSpacing(Separators.Spacing.AFTER))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    @Test
    void thePublishedDocumentIsTheCommittedOne() throws IOException {
        String published = given().get("/v3/api-docs").then().statusCode(200).extract().asString();
        Path committed = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolveSibling("docs")
                .resolve("openapi.json");
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(committed, CANONICAL.writeValueAsString(JSON.readValue(published, Object.class)) + "\n");
            return;
        }
        assertThat(committed).as("%s is missing; write it with%n  %s", committed, REGENERATE).exists();

        List<String> differences = differences("", JSON.readTree(committed.toFile()), JSON.readTree(published));

        assertThat(differences).as("booking-service publishes another OpenAPI document at /v3/api-docs than "
                + "docs/openapi.json holds (differences below). If the change of the API is deliberate, "
                + "regenerate the file with%n  %s%nand commit it with the change.", REGENERATE).isEmpty();
    }

    @Test
    void theDocumentIsTheSameInBothModes() {
        assertThat(document(jwtApi())).isEqualTo(document(given()));
    }

    @Test
    void swaggerUiLoadsWithoutCredentialsInBothModes() {
        for (Supplier<RequestSpecification> api : List.<Supplier<RequestSpecification>>of(() -> given(),
                SuiteTest::jwtApi)) {
            api.get().get("/swagger-ui.html").then().statusCode(200).contentType(startsWith("text/html"));
            api.get().get("/swagger-ui/index.html").then().statusCode(200).contentType(startsWith("text/html"))
                    .body(containsString("swagger-initializer.js"));
            for (String asset : List.of("swagger-ui.css", "index.css", "swagger-ui-bundle.js",
                    "swagger-ui-standalone-preset.js")) {
                api.get().get("/swagger-ui/" + asset).then().statusCode(200);
            }
            api.get().get("/swagger-ui/swagger-initializer.js").then().statusCode(200)
                    .body(containsString("/v3/api-docs/swagger-config"));
            api.get().get("/v3/api-docs/swagger-config").then().statusCode(200).body("url", equalTo("/v3/api-docs"));
        }
    }

    @Test
    void eachEndpointDocumentsTheAnswersItGives() {
        JsonNode document = document(given());
        JsonNode reserve = document.at("/paths/~1api~1bookings~1reserve/post");

        assertThat(reserve.get("responses").propertyNames()).containsExactlyInAnyOrder(
                "201", "202", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503");
        JsonNode conflicts = reserve.at("/responses/409/content/application~1problem+json/examples");
        assertThat(conflicts.propertyNames()).containsExactlyInAnyOrder("ALREADY_BOOKED", "SOLD_OUT");
        assertThat(conflicts.at("/SOLD_OUT/value/code").asString()).isEqualTo("SOLD_OUT");
        assertThat(reserve.at("/responses/202/content/application~1json/examples/PENDING/$ref").asString())
                .isEqualTo("#/components/examples/booking-pending");
        assertThat(reserve.at("/responses/429/headers").propertyNames()).containsExactly("Retry-After");
        assertThat(reserve.at("/security/0").propertyNames()).containsExactly("bearer-jwt");
        // nothing that only a write can answer is claimed for a read; reading events needs no token
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            JsonNode read = path.getValue().path("get");
            if (read.isMissingNode()) {
                continue;
            }
            assertThat(read.get("responses").propertyNames()).as(path.getKey())
                    .doesNotContain("409", "413", "415", "422", "429");
            if (path.getKey().startsWith("/api/events")) {
                assertThat(read.has("security")).as(path.getKey()).isFalse();
                assertThat(read.get("responses").has("401")).as(path.getKey()).isFalse();
            }
        }
        assertThat(document.at("/paths/~1api~1events/post/security/0/bearer-jwt/0").asString())
                .isEqualTo(Tokens.ADMIN_SCOPE);
        assertThat(document.at("/paths/~1api~1events~1{eventId}/patch/security/0/bearer-jwt/0").asString())
                .isEqualTo(Tokens.ADMIN_SCOPE);
        assertThat(document.at("/components/schemas/EventView/properties").propertyNames())
                .containsExactlyInAnyOrder("id", "name", "total_seats", "booked_seats", "held_seats", "available_seats",
                        "max_per_user", "hold_ttl_seconds", "sales_start", "sales_end", "status",
                        "waitlist_offer_ttl_seconds", "waitlist_size", "created_at");
        // the holds: each answer of the lifecycle is documented where it can happen
        assertThat(document.at("/paths/~1api~1events~1{eventId}~1holds/post/responses").propertyNames())
                .contains("201", "202", "404", "409", "429", "503");
        assertThat(document.at("/paths/~1api~1holds~1{holdId}~1confirm/post/responses").propertyNames())
                .contains("200", "201", "202", "404", "409", "410");
        assertThat(document.at("/paths/~1api~1holds~1{holdId}/delete/responses").propertyNames())
                .contains("200", "202", "404", "409", "410");
        // the waiting list
        JsonNode join = document.at("/paths/~1api~1events~1{eventId}~1waitlist/post/responses");
        assertThat(join.propertyNames()).contains("201", "400", "404", "409", "429", "503");
        assertThat(join.at("/409/content/application~1problem+json/examples").propertyNames())
                .contains("SEATS_AVAILABLE", "ALREADY_WAITING", "ALREADY_BOOKED", "LIMIT_EXCEEDED");
        assertThat(document.at("/paths/~1api~1waitlist~1{entryId}/delete/responses").propertyNames())
                .contains("200", "202", "404", "409");
    }

    @Test
    void everyExampleFitsItsSchema() {
        JsonNode document = document(given());
        int examples = 0;
        for (JsonNode path : document.get("paths").values()) {
            for (JsonNode operation : path.values()) {
                List<JsonNode> contents = new ArrayList<>(operation.get("responses").findValues("content"));
                contents.addAll(operation.path("requestBody").findValues("content"));
                for (JsonNode content : contents) {
                    for (JsonNode media : content.values()) {
                        for (Map.Entry<String, JsonNode> example : media.path("examples").properties()) {
                            assertFits(document, value(document, example.getValue()), media.get("schema"),
                                    example.getKey());
                            examples++;
                        }
                    }
                }
            }
        }
        assertThat(examples).isGreaterThan(50);
    }

    @Test
    void whatTheApiSendsFitsTheDocumentedSchemas() {
        JsonNode document = document(given());
        long eventId = createEvent(1);
        String user = newUser();

        Response booked = reserve(eventId, user);
        assertAnswerFits(document, booked, "/api/bookings/reserve", "post", 201);
        long bookingId = booked.jsonPath().getLong("booking.id");
        assertAnswerFits(document, given().get("/api/bookings/" + bookingId), "/api/bookings/{bookingId}", "get", 200);
        assertAnswerFits(document, given().get("/api/bookings/user/" + user), "/api/bookings/user/{userId}", "get",
                200);
        assertAnswerFits(document, given().get("/api/events/" + eventId), "/api/events/{eventId}", "get", 200);
        assertAnswerFits(document, given().get("/api/events?size=2"), "/api/events", "get", 200);
        assertAnswerFits(document, given().get("/health"), "/health", "get", 200);
        Response soldOut = reserve(eventId, newUser());
        assertAnswerFits(document, soldOut, "/api/bookings/reserve", "post", 409);
        Response invalid = given().contentType(ContentType.JSON).body("{\"event_id\": 0, \"user_id\": \"u\"}")
                .post("/api/bookings/reserve");
        assertAnswerFits(document, invalid, "/api/bookings/reserve", "post", 400);
        assertAnswerFits(document, cancel(bookingId, user), "/api/bookings/{bookingId}", "delete", 200);

        JsonNode example = document.at("/paths/~1api~1bookings~1reserve/post/responses/409/content"
                + "/application~1problem+json/examples/SOLD_OUT/value");
        JsonNode real = JSON.readTree(soldOut.asString());
        for (String field : List.of("type", "title", "status", "success", "code")) {
            assertThat(example.get(field)).as(field).isEqualTo(real.get(field));
        }
        assertThat(example.propertyNames()).containsExactlyInAnyOrderElementsOf(real.propertyNames());
    }

    private static JsonNode document(RequestSpecification api) {
        return JSON.readTree(api.get("/v3/api-docs").then().statusCode(200).extract().asString());
    }

    private static void assertAnswerFits(JsonNode document, Response response, String path, String method,
            int status) {
        response.then().statusCode(status);
        JsonNode schema = document.get("paths").get(path).get(method).get("responses").get(String.valueOf(status))
                .get("content").values().iterator().next().get("schema");
        assertFits(document, JSON.readTree(response.asString()), schema, method + " " + path + " " + status);
    }

    /**
     * Every field of the value is a property of the schema, of the documented type, and every
     * required property is there; the schema's nested objects likewise.
     */
    private static void assertFits(JsonNode document, JsonNode value, JsonNode schema, String where) {
        JsonNode resolved = schema.has("$ref") ? document.at(schema.get("$ref").asString().substring(1)) : schema;
        switch (resolved.path("type").asString()) {
            case "object" -> {
                assertThat(value.isObject()).as("%s is an object", where).isTrue();
                JsonNode properties = resolved.path("properties");
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    JsonNode property = properties.has(field.getKey()) ? properties.get(field.getKey())
                            : resolved.get("additionalProperties");
                    assertThat(property).as("%s.%s is documented", where, field.getKey()).isNotNull();
                    assertFits(document, field.getValue(), property, where + "." + field.getKey());
                }
                for (JsonNode required : resolved.path("required")) {
                    assertThat(value.has(required.asString())).as("%s has %s", where, required.asString()).isTrue();
                }
            }
            case "array" -> {
                assertThat(value.isArray()).as("%s is an array", where).isTrue();
                value.values().forEach(item -> assertFits(document, item, resolved.get("items"), where + "[]"));
            }
            case "string" -> assertThat(value.isString()).as("%s is a string", where).isTrue();
            case "integer" -> assertThat(value.isIntegralNumber()).as("%s is an integer", where).isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as("%s is a boolean", where).isTrue();
            default -> throw new AssertionError(where + " has a schema without a known type: " + resolved);
        }
    }

    /** An example's value, through its reference to the document's examples when it has one. */
    private static JsonNode value(JsonNode document, JsonNode example) {
        JsonNode resolved = example.has("$ref") ? document.at(example.get("$ref").asString().substring(1)) : example;
        assertThat(resolved.has("value")).as("example %s has a value", example).isTrue();
        return resolved.get("value");
    }

    /** The JSON pointers where the two documents differ, at most 20 of them. */
    private static List<String> differences(String at, JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>(expected.propertyNames());
            names.addAll(actual.propertyNames());
            for (String name : names) {
                String next = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!expected.has(name) || !actual.has(name)) {
                    found.add(next + (expected.has(name) ? " is gone" : " is new"));
                } else {
                    found.addAll(differences(next, expected.get(name), actual.get(name)));
                }
            }
        } else if (!expected.equals(actual)) {
            found.add(at + ": " + abbreviated(expected) + " is now " + abbreviated(actual));
        }
        return found.size() > 20 ? found.subList(0, 20) : found;
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
