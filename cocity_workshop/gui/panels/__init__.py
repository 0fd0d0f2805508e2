"""The facilitator window's panels: passive views over the ``WorkshopController``."""
