package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.List;

import dev.seatbooking.common.api.PageInfo;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListingTest extends SuiteTest {

    @Test
    void aUsersBookingsArePagedNewestFirstWithEventNames() {
        String user = newUser();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(book(createEvent(2), user));
        }

        JsonPath first = given().get("/api/bookings/user/" + user).then().statusCode(200)
                .body("success", equalTo(true))
                .body("data", hasSize(20))
                .body("page.number", equalTo(0))
                .body("page.size", equalTo(20))
                .body("page.total_elements", equalTo(25))
                .body("page.total_pages", equalTo(2))
                .body("data[0].event_name", notNullValue())
                .body("data[0].user_id", equalTo(user))
                .body("data[0].status", equalTo("CONFIRMED"))
                .extract().jsonPath();
        JsonPath second = given().queryParam("page", 1).get("/api/bookings/user/" + user)
                .then().statusCode(200).body("data", hasSize(5)).extract().jsonPath();

        List<Long> listed = new ArrayList<>(first.getList("data.id", Long.class));
        listed.addAll(second.getList("data.id", Long.class));
        java.util.Collections.reverse(ids);
        assertThat(listed).containsExactlyElementsOf(ids);
    }

    @Test
    void sizeLimitsThePage() {
        String user = newUser();
        long eventA = createEvent(1);
        long eventB = createEvent(1);
        book(eventA, user);
        book(eventB, user);

        given().queryParam("size", 1).get("/api/bookings/user/" + user).then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].event_id", equalTo((int) eventB))
                .body("page.total_pages", equalTo(2));
    }

    @Test
    void aUserWithoutBookingsGetsAnEmptyList() {
        given().get("/api/bookings/user/" + newUser()).then().statusCode(200)
                .body("success", equalTo(true))
                .body("data", hasSize(0))
                .body("page.total_elements", equalTo(0));
    }

    @Test
    void theLastPageNumberAllowedIsAnEmptyPageOfTheLargestSize() {
        given().get("/api/bookings/user/" + newUser() + "?size=100&page=" + PageInfo.MAX_PAGE).then().statusCode(200)
                .body("data", hasSize(0));
        given().get("/api/events?size=100&page=" + PageInfo.MAX_PAGE).then().statusCode(200)
                .body("data", hasSize(0));
    }

    @ParameterizedTest
    // 107374183 × 20 overflowed Hibernate's int offset: a 500, found by HostileInputPropertyTest
    @ValueSource(strings = {"size=0", "size=101", "page=-1", "size=abc", "page=1.5", "page=107374183",
            "page=10000001"})
    void badPagingIs400(String query) {
        given().get("/api/bookings/user/someone?" + query).then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"));
        given().get("/api/events?" + query).then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"));
    }

    @Test
    void eventsAreCreatedReadAndListed() {
        JsonPath created = given().contentType(ContentType.JSON)
                .body("{\"name\": \"Rock Concert\", \"total_seats\": 100}")
                .post("/api/events")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.startsWith("/api/events/"))
                .body("success", equalTo(true))
                .body("event.name", equalTo("Rock Concert"))
                .body("event.total_seats", equalTo(100))
                .body("event.booked_seats", equalTo(0))
                .body("event.available_seats", equalTo(100))
                .body("event.created_at", notNullValue())
                .extract().jsonPath();
        long id = created.getLong("event.id");
        book(id, newUser());

        given().get("/api/events/" + id).then().statusCode(200)
                .body("event.booked_seats", equalTo(1))
                .body("event.available_seats", equalTo(99));
        given().queryParam("size", 1).get("/api/events").then().statusCode(200)
                .body("data", hasSize(1))
                .body("page.size", equalTo(1));
        given().get("/api/events/987654321").then().statusCode(404).body("code", equalTo("EVENT_NOT_FOUND"));
        given().get("/api/events/abc").then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\": \"\", \"total_seats\": 10}",
            "{\"name\": \"x\", \"total_seats\": 0}",
            "{\"name\": \"x\", \"total_seats\": 1000001}",
            "{\"name\": \"x\", \"total_seats\": \"10\"}",
            "{\"name\": \"x\", \"total_seats\": 2.5}",
            "{\"name\": \"x\"}",
            "{\"total_seats\": 10}",
            "{\"name\": 5, \"total_seats\": 10}"})
    void invalidEventsAre400(String body) {
        given().contentType(ContentType.JSON).body(body).post("/api/events")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("success", equalTo(false));
    }

    @Test
    void eventNamesLongerThan255AreRefused() {
        given().contentType(ContentType.JSON).body("{\"name\": \"" + "n".repeat(256) + "\", \"total_seats\": 10}")
                .post("/api/events").then().statusCode(400).body("errors[0].field", equalTo("name"));
    }
}
