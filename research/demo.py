def load_demo(*, stdout) -> None:
    return None
