package dev.seatbooking.common.api;

import org.springframework.data.domain.Page;

/** Paging block of list answers; {@code number} counts from 0. */
public record PageInfo(int number, int size, long totalElements, int totalPages) {

    /**
     * The highest page number a list accepts: the offset of a page (number × size, size at most 100)
     * must fit the int that Hibernate takes, or a huge page number would end in a 500.
     */
    public static final int MAX_PAGE = 10_000_000;

    public static PageInfo of(Page<?> page) {
        return new PageInfo(page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
