package dev.microcomm.email.domain;

/** The confirmation e-mail for one order: subject and body name the order id, product and amount. */
public record ConfirmationEmail(String to, String subject, String text) {

    public static ConfirmationEmail of(OrderEmail order, String to, String userName) {
        // money with at least two decimals: 3 -> 3.00, 12.5 -> 12.50
        String amount = (order.amount.scale() < 2 ? order.amount.setScale(2) : order.amount).toPlainString();
        String subject = "Order " + order.orderId + " confirmed: " + order.productId + ", amount " + amount;
        String greeting = userName == null || userName.isBlank() ? "Hello," : "Hello " + userName + ",";
        String text = greeting + "\n\n"
                + "thank you for your order.\n\n"
                + "Order:   " + order.orderId + "\n"
                + "Product: " + order.productId + "\n"
                + "Amount:  " + amount + "\n";
        return new ConfirmationEmail(to, subject, text);
    }
}
