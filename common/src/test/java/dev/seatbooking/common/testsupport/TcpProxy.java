package dev.seatbooking.common.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder in front of a shared service, so a test can break the service for one
 * application without touching the service itself (the machine's PostgreSQL, Redis and RabbitMQ
 * are shared by every run and must stay up).
 *
 * <ul>
 * <li>{@link #cut()}: open connections drop and new ones are closed at once, as when the service
 * is down; {@link #restore()} forwards again.</li>
 * <li>{@link #pause()}: connections stay open but nothing moves, as with a stalled or very slow
 * service; {@link #resume()} delivers what was held back, in order.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean paused;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon("proxy-accept-" + targetPort, this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void cut() {
        cut = true;
        sockets.forEach(TcpProxy::closeQuietly);
    }

    public void restore() {
        cut = false;
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket target = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(target);
                daemon("proxy-up-" + targetPort, () -> pump(client, target));
                daemon("proxy-down-" + targetPort, () -> pump(target, client));
            } catch (IOException e) {
                // the proxy was closed, or the target refused one connection: the next accept decides
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                while (paused && !cut) {
                    Thread.sleep(5);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException dropped) {
            // one side went away; closing both below ends the other direction too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
