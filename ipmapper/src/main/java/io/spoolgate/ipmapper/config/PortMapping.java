package io.spoolgate.ipmapper.config;

/**
 * One static inbound mapping: connections accepted on {@code listenPort} are forwarded to
 * {@code targetHost:targetPort}.
 *
 * @param listenPort    port the proxy listens on
 * @param targetHost    address literal or host name of the target (the mail engine)
 * @param targetPort    port on the target
 * @param stackName     name of the TCP/IP stack in the original configuration (kept for logs and listings)
 * @param proxyProtocol PROXY protocol header sent to the target
 */
public record PortMapping(int listenPort, String targetHost, int targetPort, String stackName, ProxyProtocol proxyProtocol) {
}
