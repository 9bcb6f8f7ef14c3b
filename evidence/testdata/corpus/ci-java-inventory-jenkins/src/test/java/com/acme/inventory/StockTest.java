package com.acme.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StockTest {
    @Test
    void adds() {
        Stock s = new Stock();
        s.add(3);
        assertEquals(3, s.units());
    }
}
