package dev.seatbooking.common.api;

import org.springframework.data.domain.Page;

/** Paging block of list answers; {@code number} counts from 0. */
public record PageInfo(int number, int size, long totalElements, int totalPages) {

    public static PageInfo of(Page<?> page) {
        return new PageInfo(page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
