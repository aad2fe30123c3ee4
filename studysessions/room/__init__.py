"""The room: the host's projector and its remote, the phones that follow it, the live quiz."""
