"""The pages of orders, products, opportunities and the order import: one module each."""
