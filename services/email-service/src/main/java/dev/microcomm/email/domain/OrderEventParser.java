package dev.microcomm.email.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;

/**
 * Reads an {@code order.created} body (the order JSON). Only what the e-mail needs is required;
 * other fields (status, createdAt, anything added later) are ignored, so a newer producer does not
 * poison this consumer.
 */
@ApplicationScoped
public class OrderEventParser {

    static final int MAX_ID_LENGTH = 200;

    private final ObjectMapper json;

    public OrderEventParser(ObjectMapper json) {
        this.json = json;
    }

    public OrderEvent parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new PoisonMessageException("empty body");
        }
        JsonNode root;
        try {
            // decimals as BigDecimal: 12.50 stays 12.50 (a double would print 12.5)
            root = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).readTree(body);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new PoisonMessageException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PoisonMessageException("not a JSON object");
        }
        String id = requiredText(root, "id");
        String userId = requiredText(root, "userId");
        String productId = requiredText(root, "productId");
        JsonNode amount = root.get("amount");
        if (amount == null || amount.isNull()) {
            throw new PoisonMessageException("missing field 'amount'");
        }
        if (!amount.isNumber()) {
            throw new PoisonMessageException("field 'amount' must be a number");
        }
        BigDecimal value = amount.decimalValue();
        if (value.signum() <= 0) {
            throw new PoisonMessageException("field 'amount' must be positive");
        }
        return new OrderEvent(id, userId, productId, value);
    }

    /** Ids are strings in the contract; a number is accepted too (simple producers may send one). */
    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new PoisonMessageException("missing field '" + field + "'");
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new PoisonMessageException("field '" + field + "' must be a string");
        }
        String text = node.asText().trim();
        if (text.isEmpty()) {
            throw new PoisonMessageException("field '" + field + "' must not be blank");
        }
        if (text.length() > MAX_ID_LENGTH) {
            throw new PoisonMessageException("field '" + field + "' is longer than " + MAX_ID_LENGTH + " characters");
        }
        return text;
    }
}
