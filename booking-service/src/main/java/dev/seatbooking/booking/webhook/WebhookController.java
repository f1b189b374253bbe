package dev.seatbooking.booking.webhook;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.seatbooking.booking.apidocs.ApiDocs;
import dev.seatbooking.booking.apidocs.ErrorResponses;
import dev.seatbooking.booking.security.SecurityConfiguration;
import dev.seatbooking.booking.webhook.WebhookViews.CreateWebhookRequest;
import dev.seatbooking.booking.webhook.WebhookViews.DeliveryList;
import dev.seatbooking.booking.webhook.WebhookViews.WebhookList;
import dev.seatbooking.booking.webhook.WebhookViews.WebhookResponse;
import dev.seatbooking.booking.webhook.WebhookViews.WebhookView;
import dev.seatbooking.common.api.MessageResponse;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.webhook.WebhookAddresses;
import dev.seatbooking.common.webhook.WebhookEventType;
import dev.seatbooking.common.webhook.WebhookProperties;
import dev.seatbooking.common.webhook.WebhookSignature;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/webhooks")
@Tag(name = "Webhooks")
@SecurityRequirement(name = ApiDocs.BEARER_JWT, scopes = SecurityConfiguration.ADMIN_SCOPE)
class WebhookController {

    private static final String TYPES = String.join(", ", Arrays.stream(WebhookEventType.values())
            .map(WebhookEventType::wireName).toList());

    private final WebhookSubscriptions subscriptions;
    private final boolean allowPrivate;

    WebhookController(WebhookSubscriptions subscriptions, WebhookProperties webhooks) {
        this.subscriptions = subscriptions;
        this.allowPrivate = webhooks.allowPrivate();
    }

    @Operation(operationId = "createWebhook", summary = "Subscribe a URL to notifications",
            description = "Every notification of the `events` types (`booking.confirmed`, `hold.expired`, "
                    + "`event.sold_out`, ...: the list is in docs/api.md) is then POSTed to `url`, signed "
                    + "by the Standard Webhooks scheme with the returned `secret`, which is shown this once. "
                    + "`url` must be http or https and resolve to public addresses only (unless the operator set "
                    + "WEBHOOK_ALLOW_PRIVATE). In jwt mode it takes the `" + SecurityConfiguration.ADMIN_SCOPE
                    + "` scope.")
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "The subscription, with its secret")
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.SERVICE_UNAVAILABLE},
            invalidField = "url", invalidMessage = "leads to a loopback, private, link-local or reserved address")
    @PostMapping
    ResponseEntity<WebhookResponse> create(@Valid @RequestBody CreateWebhookRequest request) {
        WebhookAddresses.refusal(request.url(), allowPrivate).ifPresent(reason -> {
            throw ApiException.invalidField("url", reason);
        });
        List<String> types = request.events().stream().distinct().toList();
        for (String type : types) {
            if (WebhookEventType.ofWireName(type).isEmpty()) {
                throw ApiException.invalidField("events", "must name only " + TYPES);
            }
        }
        WebhookView created = subscriptions.create(request.url(), types, WebhookSignature.newSecret());
        return ResponseEntity.created(URI.create("/api/webhooks/" + created.id())).body(new WebhookResponse(created));
    }

    @Operation(operationId = "listWebhooks", summary = "List the subscriptions", description = "Newest first, "
            + "without their secrets.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "The subscriptions")
    @ErrorResponses(value = {ErrorCode.FORBIDDEN, ErrorCode.SERVICE_UNAVAILABLE})
    @GetMapping
    WebhookList list() {
        return new WebhookList(true, subscriptions.all());
    }

    @Operation(operationId = "getWebhook", summary = "Get a subscription", description = "Without its secret.")
    @Parameter(name = "webhookId", description = "The subscription's id")
    @ApiResponse(responseCode = "200", description = "The subscription",
            content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.WEBHOOK_NOT_FOUND,
            ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "webhook_id", invalidMessage = "must be a UUID")
    @GetMapping("/{webhookId}")
    ResponseEntity<?> get(@PathVariable UUID webhookId) {
        return subscriptions.find(webhookId).<Result<WebhookView>>map(Result::ok)
                .orElseGet(() -> notFound(webhookId))
                .fold(webhook -> ResponseEntity.ok(new WebhookResponse(webhook)), ApiExceptionHandler::answer);
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a subscription",
            description = "Nothing more is sent to it; its pending deliveries become `CANCELLED`.")
    @Parameter(name = "webhookId", description = "The subscription's id")
    @ApiResponse(responseCode = "200", description = "Deleted",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.WEBHOOK_NOT_FOUND,
            ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "webhook_id", invalidMessage = "must be a UUID")
    @DeleteMapping("/{webhookId}")
    ResponseEntity<?> delete(@PathVariable UUID webhookId) {
        Result<UUID> deleted = subscriptions.delete(webhookId) ? Result.ok(webhookId) : notFound(webhookId);
        return deleted.fold(id -> ResponseEntity.ok(new MessageResponse("Webhook deleted")), ApiExceptionHandler::answer);
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "Recent deliveries of a subscription",
            description = "Newest first: each notification's status (`PENDING`, `DELIVERED`, `FAILED` once the "
                    + "retries ran out, `CANCELLED`), attempts made and the last answer.")
    @Parameter(name = "webhookId", description = "The subscription's id")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "The deliveries")
    @ErrorResponses(value = {ErrorCode.VALIDATION_ERROR, ErrorCode.FORBIDDEN, ErrorCode.WEBHOOK_NOT_FOUND,
            ErrorCode.SERVICE_UNAVAILABLE}, invalidField = "limit", invalidMessage = "must be less than or equal to 100")
    @GetMapping("/{webhookId}/deliveries")
    ResponseEntity<?> deliveries(@PathVariable UUID webhookId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
        return subscriptions.find(webhookId).<Result<WebhookView>>map(Result::ok)
                .orElseGet(() -> notFound(webhookId))
                .fold(webhook -> ResponseEntity.ok(new DeliveryList(true, subscriptions.deliveries(webhook.id(), limit))),
                        ApiExceptionHandler::answer);
    }

    private static <T> Result<T> notFound(UUID id) {
        return Result.refused(ErrorCode.WEBHOOK_NOT_FOUND, "Webhook " + id + " not found");
    }
}
