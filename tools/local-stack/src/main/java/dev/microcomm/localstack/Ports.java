package dev.microcomm.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** TCP reachability: "does something answer there?" is how we decide between reusing and starting a server. */
public final class Ports {
    private Ports() {
    }

    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
