package io.spoolgate.ipmapper.control;

/** A request on the control port. See the module README for the line protocol. */
public sealed interface ControlCommand {

    /**
     * Map a free transient port to a target.
     *
     * @param host   target host (address literal or host name)
     * @param port   target port
     * @param stack  stack name the client named ({@code -} if none)
     * @param legacy true when written in the verb-less pickport form {@code <host> <port> <stack>}; the reply is
     *               then the bare port number
     */
    record Pick(String host, int port, String stack, boolean legacy) implements ControlCommand {
    }

    /**
     * Give a transient port back.
     *
     * @param port the transient port
     */
    record Release(int port) implements ControlCommand {
    }

    /** List static and transient mappings. */
    record ListMappings() implements ControlCommand {
    }

    /** Re-read the configuration files. */
    record Reload() implements ControlCommand {
    }

    /** Close the control connection. */
    record Quit() implements ControlCommand {
    }
}
