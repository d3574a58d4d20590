package org.scr4j.tier;

/** What a tier's data survives: the order is from least to most durable. */
public enum Durability {
    /** Lost when its node reboots or crashes (RAM disk). */
    NODE_VOLATILE,
    /** Survives a reboot of its node but not the loss of the node (SSD, NVRAM). */
    NODE_PERSISTENT,
    /** Survives the loss of any node (the parallel file system). */
    GLOBAL
}
