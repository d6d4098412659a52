package io.huibo.api;

/** AXB: A and B reach each other through X. AXN: anyone calling X reaches A. */
public enum BindingMode {
    AXB, AXN
}
