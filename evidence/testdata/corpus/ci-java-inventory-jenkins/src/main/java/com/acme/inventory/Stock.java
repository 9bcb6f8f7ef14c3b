package com.acme.inventory;

public final class Stock {
    private int units;

    public void add(int n) { units += n; }

    public int units() { return units; }
}
