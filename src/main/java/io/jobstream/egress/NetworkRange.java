package io.jobstream.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** A CIDR range such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
record NetworkRange(byte[] network, int prefixLength) {

    /** Parses {@code address/prefix}; only IP literals, never a host name (nothing is looked up). */
    static NetworkRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr.strip() : cidr.substring(0, slash).strip();
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !address.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR range (address/prefix)");
        }
        byte[] network;
        try {
            network = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR range (address/prefix)", e);
        }
        int prefix = slash < 0
                ? network.length * 8
                : Integer.parseInt(cidr.substring(slash + 1).strip());
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("'" + cidr + "' has a prefix length out of range");
        }
        return new NetworkRange(network, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        if (!Arrays.equals(bytes, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefixLength % 8;
        int mask = (0xff << (8 - rest)) & 0xff;
        return rest == 0 || (bytes[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
