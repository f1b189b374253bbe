package dev.seatbooking.booking.apidocs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

/** The documentation of the contract's paging parameters, the same for every list. */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Parameters({
        @Parameter(name = "page", in = ParameterIn.QUERY, description = "The page, counted from 0"),
        @Parameter(name = "size", in = ParameterIn.QUERY, description = "Items per page")})
public @interface PageParameters {
}
