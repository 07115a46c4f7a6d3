"""Uncaught IndexError from a list lookup inside a loop."""

items = ["a", "b", "c"]
for i in range(5):
    print(i, items[i])
