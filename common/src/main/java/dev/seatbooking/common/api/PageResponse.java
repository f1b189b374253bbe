package dev.seatbooking.common.api;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/** A page of items: {@code {"success": true, "data": [...], "page": {...}}}. */
public record PageResponse<T>(boolean success, List<T> data, PageInfo page) {

    public static <S, T> PageResponse<T> of(Page<S> page, Function<S, T> mapper) {
        return new PageResponse<>(true, page.getContent().stream().map(mapper).toList(), PageInfo.of(page));
    }
}
