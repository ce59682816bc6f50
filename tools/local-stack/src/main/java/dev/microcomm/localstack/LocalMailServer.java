package dev.microcomm.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail SMTP (no authentication needed, any credentials accepted, any recipient accepted) plus a tiny HTTP API over what it received:
 * <ul>
 * <li>{@code GET /messages[?to=addr]} → JSON array, one entry per delivered copy: {@code from, to[], subject, body,
 * messageId, receivedAt, mailbox}; {@code mailbox} is the envelope recipient the copy was delivered to and is what
 * {@code ?to=} matches (case-insensitive), so a mail to two people counts once for each.</li>
 * <li>{@code DELETE /messages[?to=addr]} → 204, that recipient's mailbox (or every mailbox) emptied.</li>
 * </ul>
 */
public final class LocalMailServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GreenMail greenMail;
    private final HttpServer http;

    private LocalMailServer(GreenMail greenMail, HttpServer http) {
        this.greenMail = greenMail;
        this.http = http;
    }

    /** Port 0 picks a free port (tests); see {@link #smtpPort()} / {@link #httpPort()}. */
    public static LocalMailServer start(String host, int smtpPort, int httpPort) {
        ServerSetup smtp = new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(smtpPort == 0 ? smtp.dynamicPort() : smtp)
                // any user/password is accepted (a service configured with SMTP credentials works unchanged)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, httpPort), 0);
            LocalMailServer server = new LocalMailServer(greenMail, http);
            http.createContext("/", server::handle);
            http.setExecutor(Executors.newFixedThreadPool(2));
            http.start();
            return server;
        } catch (IOException e) {
            greenMail.stop();
            throw new StackException("cannot open the mailbox HTTP port " + host + ":" + httpPort + ": " + e.getMessage(), e);
        }
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        greenMail.stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            drain(exchange.getRequestBody());
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/messages") && !path.equals("/messages/")) {
                String help = "Local SMTP mailbox. GET /messages[?to=address] lists received mail as JSON, DELETE /messages[?to=address] empties it.\n";
                respond(exchange, path.equals("/") ? 200 : 404, "text/plain; charset=utf-8", help);
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "GET" -> respond(exchange, 200, "application/json",
                        JSON.writeValueAsString(messages(queryParameter(exchange, "to"))));
                case "DELETE" -> {
                    purge(queryParameter(exchange, "to"));
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> {
                    exchange.getResponseHeaders().add("Allow", "GET, DELETE");
                    respond(exchange, 405, "text/plain; charset=utf-8", "use GET or DELETE\n");
                }
            }
        } catch (Exception e) {
            // never leave the client hanging; the reason goes to the log too
            e.printStackTrace();
            respond(exchange, 500, "text/plain; charset=utf-8", "mailbox error: " + e + "\n");
        }
    }

    /** Empties one recipient's mailbox, or all of them ({@code to} null or blank). */
    public void purge(String to) throws Exception {
        if (to == null || to.isBlank()) {
            greenMail.purgeEmailFromAllMailboxes();
            return;
        }
        for (GreenMailUser user : greenMail.getUserManager().listUser()) {
            if (user.getEmail().equalsIgnoreCase(to.trim())) {
                greenMail.getManagers().getImapHostManager().getInbox(user).deleteAllMessages();
            }
        }
    }

    /** Every delivered copy, oldest first; {@code to} null means all. */
    public List<Map<String, Object>> messages(String to) throws Exception {
        List<Map<String, Object>> result = new ArrayList<>();
        List<StoredMessage> ordered = new ArrayList<>();
        Map<StoredMessage, String> mailboxOf = new java.util.IdentityHashMap<>();
        for (GreenMailUser user : greenMail.getUserManager().listUser()) {
            if (to != null && !to.isBlank() && !user.getEmail().equalsIgnoreCase(to.trim())) {
                continue;
            }
            for (StoredMessage stored : greenMail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                ordered.add(stored);
                mailboxOf.put(stored, user.getEmail());
            }
        }
        ordered.sort(Comparator.comparing(StoredMessage::getReceivedDate).thenComparing(StoredMessage::getUid));
        for (StoredMessage stored : ordered) {
            result.add(describe(stored, mailboxOf.get(stored)));
        }
        return result;
    }

    private static Map<String, Object> describe(StoredMessage stored, String mailbox) throws MessagingException, IOException {
        MimeMessage message = stored.getMimeMessage();
        Map<String, Object> json = new LinkedHashMap<>();
        Address[] from = message.getFrom();
        json.put("from", from == null || from.length == 0 ? null : bare(from[0]));
        List<String> to = new ArrayList<>();
        for (Message.RecipientType type : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
            Address[] addresses = message.getRecipients(type);
            if (addresses != null) {
                for (Address address : addresses) {
                    to.add(bare(address));
                }
            }
        }
        json.put("to", to);
        json.put("subject", message.getSubject());
        json.put("body", text(message));
        json.put("messageId", message.getMessageID());
        json.put("receivedAt", Instant.ofEpochMilli(stored.getReceivedDate().getTime()).toString());
        json.put("mailbox", mailbox);
        return json;
    }

    /** "Alice <alice@example.com>" → "alice@example.com": what tests and people compare against. */
    private static String bare(Address address) {
        return address instanceof InternetAddress internet ? internet.getAddress() : address.toString();
    }

    /** The readable text: the body itself, or the first text part of a multipart (plain preferred over html). */
    static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) {
            Object content = part.getContent();
            return content instanceof String s ? s : null;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String fallback = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (child.isMimeType("text/plain")) {
                    return text(child);
                }
                if (fallback == null) {
                    fallback = text(child);
                }
            }
            return fallback;
        }
        return null;
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void drain(InputStream body) throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
