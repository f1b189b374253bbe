package dev.seatbooking.booking.health;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.seatbooking.booking.BookingServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The seed's health URLs: Actuator's readiness group, as 200 UP or 503 DOWN naming the part that is down. */
@WebMvcTest(controllers = HealthController.class, properties = BookingServiceApplication.CONFIG_NAME)
@AutoConfigureMockMvc(addFilters = false)
class HealthControllerTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private HealthEndpoint health;

    @Test
    void everythingUpIs200WithEachPart() throws Exception {
        readiness(Status.UP, Map.of("db", Status.UP, "cacheService", Status.UP));

        for (String path : new String[] {"/health", "/api/bookings/health"}) {
            mvc.perform(get(path))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("UP"))
                    .andExpect(jsonPath("$.service").value("booking-service"))
                    .andExpect(jsonPath("$.components.db").value("UP"))
                    .andExpect(jsonPath("$.components.cacheService").value("UP"));
        }
    }

    @Test
    void aPartDownIs503NamingIt() throws Exception {
        readiness(Status.DOWN, Map.of("db", Status.UP, "redis", Status.DOWN));

        mvc.perform(get("/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.components.redis").value("DOWN"))
                .andExpect(jsonPath("$.components.db").value("UP"));
    }

    @Test
    void aGroupWithoutPartsHasNoComponents() throws Exception {
        HealthDescriptor single = mock(IndicatedHealthDescriptor.class);
        given(single.getStatus()).willReturn(Status.UP);
        given(health.healthForPath("readiness")).willReturn(single);

        mvc.perform(get("/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components").doesNotExist());
    }

    private void readiness(Status overall, Map<String, Status> parts) {
        Map<String, HealthDescriptor> components = new LinkedHashMap<>();
        parts.forEach((name, status) -> {
            HealthDescriptor part = mock(IndicatedHealthDescriptor.class);
            given(part.getStatus()).willReturn(status);
            components.put(name, part);
        });
        CompositeHealthDescriptor composite = mock(CompositeHealthDescriptor.class);
        given(composite.getStatus()).willReturn(overall);
        given(composite.getComponents()).willReturn(components);
        given(health.healthForPath("readiness")).willReturn(composite);
    }
}
