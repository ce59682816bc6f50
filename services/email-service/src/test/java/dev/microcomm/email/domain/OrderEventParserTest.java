package dev.microcomm.email.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OrderEventParserTest {

    final OrderEventParser parser = new OrderEventParser(new ObjectMapper());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheContractOrderAndKeepsTheAmountExact() {
        OrderEvent event = parser.parse(utf8("{\"id\":\"o-1\",\"userId\":\"u-1\",\"productId\":\"book\",\"amount\":12.50,"
                + "\"status\":\"CREATED\",\"createdAt\":\"2026-11-28T10:00:00Z\",\"somethingNew\":true}"));
        assertThat(event).isEqualTo(new OrderEvent("o-1", "u-1", "book", new BigDecimal("12.50")));
    }

    @Test
    void acceptsNumericIdsFromSimpleProducers() {
        OrderEvent event = parser.parse(utf8("{\"id\":42,\"userId\":7,\"productId\":3,\"amount\":1}"));
        assertThat(event.orderId()).isEqualTo("42");
        assertThat(event.userId()).isEqualTo("7");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all                                              | not JSON",
            "[1,2]                                                        | not a JSON object",
            "\"just a string\"                                            | not a JSON object",
            "{\"userId\":\"u\",\"productId\":\"p\",\"amount\":1}          | missing field 'id'",
            "{\"id\":\"  \",\"userId\":\"u\",\"productId\":\"p\",\"amount\":1} | field 'id' must not be blank",
            "{\"id\":{},\"userId\":\"u\",\"productId\":\"p\",\"amount\":1} | field 'id' must be a string",
            "{\"id\":\"o\",\"productId\":\"p\",\"amount\":1}              | missing field 'userId'",
            "{\"id\":\"o\",\"userId\":\"u\",\"amount\":1}                 | missing field 'productId'",
            "{\"id\":\"o\",\"userId\":\"u\",\"productId\":\"p\"}          | missing field 'amount'",
            "{\"id\":\"o\",\"userId\":\"u\",\"productId\":\"p\",\"amount\":\"1\"} | field 'amount' must be a number",
            "{\"id\":\"o\",\"userId\":\"u\",\"productId\":\"p\",\"amount\":0} | field 'amount' must be positive",
    })
    void poisonHasAReason(String body, String reason) {
        assertThatThrownBy(() -> parser.parse(utf8(body.trim())))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void anEmptyBodyIsPoison() {
        assertThatThrownBy(() -> parser.parse(new byte[0])).hasMessage("empty body");
        assertThatThrownBy(() -> parser.parse(null)).hasMessage("empty body");
    }
}
