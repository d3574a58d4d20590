package org.scr4j.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A man in the middle on 127.0.0.1: a relay between one rank and the port it should connect to,
 * forwarding every byte both ways unchanged and keeping a copy of the first {@value #KEPT} bytes
 * of each direction, as an attacker on the network would capture them. It waits (up to a minute)
 * for the far end to listen, so the rank it relays for may start first.
 */
final class Wiretap implements AutoCloseable {
    private static final int KEPT = 64 << 10;
    private static final long UPSTREAM_WAIT_MILLIS = 60_000;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    Wiretap(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::relayOne, "wiretap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where the rank should connect instead of its real peer. */
    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** The bytes the rank sent, as far as they were kept. */
    byte[] fromClient() {
        synchronized (fromClient) {
            return fromClient.toByteArray();
        }
    }

    /** The bytes the far end sent back, as far as they were kept. */
    byte[] fromServer() {
        synchronized (fromServer) {
            return fromServer.toByteArray();
        }
    }

    private void relayOne() {
        try {
            Socket client = listener.accept();
            Socket server = connectUpstream();
            synchronized (sockets) {
                sockets.add(client);
                sockets.add(server);
            }
            pump(client, server, fromClient, "wiretap-up");
            pump(server, client, fromServer, "wiretap-down");
        } catch (IOException | InterruptedException e) {
            System.out.println("wiretap: stopped relaying: " + e);
        }
    }

    private Socket connectUpstream() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + UPSTREAM_WAIT_MILLIS;
        while (true) {
            try {
                return new Socket(target.getAddress(), target.getPort());
            } catch (ConnectException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void pump(Socket from, Socket to, ByteArrayOutputStream kept, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.max(0, Math.min(n, KEPT - kept.size())));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // One side closed or reset: the relay ends with it, as the real connection would.
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
