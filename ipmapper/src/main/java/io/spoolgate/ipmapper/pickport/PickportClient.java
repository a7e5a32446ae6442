package io.spoolgate.ipmapper.pickport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Client of the ipmapper control port, the Java counterpart of the original {@code pickport} tool: it asks the
 * proxy at {@code controlHost:controlPort} for a transient port mapped to a target, and can release and list
 * mappings. Each call uses its own short connection. Depends on the JDK only.
 */
public final class PickportClient {
    private static final int MAX_REPLY_LINE = 4096;
    private static final int MAX_LIST_LINES = 100_000;

    private final String controlHost;
    private final int controlPort;
    private final String stackName;
    private final Duration timeout;

    /**
     * @param controlHost address of the proxy's control port
     * @param controlPort control port (the proxy's default is 49999)
     * @param stackName   stack name sent with each request
     * @param timeout     connect and read timeout for the control exchange
     */
    public PickportClient(String controlHost, int controlPort, String stackName, Duration timeout) {
        this.controlHost = controlHost;
        this.controlPort = controlPort;
        this.stackName = stackName;
        this.timeout = timeout;
    }

    /** @return the control host this client talks to */
    public String controlHost() {
        return controlHost;
    }

    /**
     * Asks for a transient port mapped to the target. The proxy has connected to the target when this returns.
     *
     * @param targetHost target address (IPv4, IPv6) or host name
     * @param targetPort target port
     * @return the transient port on the proxy
     * @throws PickportException when the proxy refuses (no free port: code 421, target unreachable: 451) or is down
     */
    public int pick(String targetHost, int targetPort) throws PickportException {
        String host = targetHost.indexOf(':') >= 0 ? "[" + targetHost + "]" : targetHost;
        List<String> reply = exchange("PICK " + host + " " + targetPort + " " + stackName);
        String last = reply.get(reply.size() - 1);
        try {
            int port = Integer.parseInt(last.substring(3).trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException("out of range");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new PickportException(0, "unexpected reply from " + where() + " to PICK: " + last, e);
        }
    }

    /**
     * @param port a transient port obtained from {@link #pick}
     * @throws PickportException when the port is not mapped (550) or the proxy is unreachable
     */
    public void release(int port) throws PickportException {
        exchange("RELEASE " + port);
    }

    /**
     * @return the mapping lines of the {@code LIST} reply (without the final {@code OK} line)
     * @throws PickportException when the proxy refuses or is unreachable
     */
    public List<String> list() throws PickportException {
        List<String> reply = exchange("LIST");
        return reply.subList(0, reply.size() - 1);
    }

    /**
     * Sends one command line.
     *
     * @param command the line, without terminator
     * @return the reply lines; the last one starts with {@code OK}
     * @throws PickportException on an {@code ERR} reply or a connection problem
     */
    public List<String> exchange(String command) throws PickportException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(controlHost, controlPort), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            while (lines.size() < MAX_LIST_LINES) {
                String line = in.readLine();
                if (line == null) {
                    throw new PickportException(0, "connection to " + where() + " closed before a reply to " + verb(command), null);
                }
                if (line.length() > MAX_REPLY_LINE) {
                    throw new PickportException(0, "reply line from " + where() + " too long", null);
                }
                lines.add(line);
                if (line.startsWith("ERR ")) {
                    throw new PickportException(code(line), "ipmapper at " + where() + " refused " + verb(command) + ": " + line, null);
                }
                if (line.startsWith("OK")) {
                    return lines;
                }
            }
            throw new PickportException(0, "reply from " + where() + " too long", null);
        } catch (PickportException e) {
            throw e;
        } catch (IOException e) {
            throw new PickportException(0, "cannot talk to ipmapper at " + where() + ": " + e.getMessage(), e);
        }
    }

    private static String verb(String command) {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    private static int code(String errLine) {
        String[] parts = errLine.split(" ", 3);
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String where() {
        return controlHost + ":" + controlPort;
    }
}
