package dev.microcomm.email.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server (GreenMail) on a fixed port, which tests can take down and bring back. */
public final class Smtp {

    private final int port;
    private GreenMail server;

    public Smtp(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Every confirmation e-mail received for exactly this order id (not for ids it is a prefix of). */
    public synchronized List<MimeMessage> messagesFor(String orderId) {
        if (server == null) {
            return List.of();
        }
        String prefix = "Order " + orderId + " confirmed";
        return Arrays.stream(server.getReceivedMessages()).filter(m -> subjectOf(m).startsWith(prefix)).toList();
    }

    public static String subjectOf(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String recipientOf(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String bodyOf(MimeMessage message) {
        try {
            Object content = message.getContent();
            return content instanceof String s ? s : String.valueOf(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
