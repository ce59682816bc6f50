package dev.microcomm.order.domain;

public enum OrderStatus {
    CREATED
}
