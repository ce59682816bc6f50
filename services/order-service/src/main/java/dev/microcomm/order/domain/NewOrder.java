package dev.microcomm.order.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A validated order request. The amount carries exactly two decimals from here on. */
public record NewOrder(String userId, String productId, BigDecimal amount) {

    public NewOrder {
        // Validation allowed at most two decimals, so this never rounds; it makes 10 and 10.00 the same amount.
        amount = amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** What "the same body" means for an Idempotency-Key: same user, product and amount. */
    public String fingerprint() {
        String canonical = userId.length() + ":" + userId + "|" + productId.length() + ":" + productId + "|"
                + amount.toPlainString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
