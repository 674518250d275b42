"""`python -m kibericht …`, and the entry script of a frozen build (PyInstaller)."""

if __name__ == "__main__":  # not in a spawned worker process, which imports this module
    import multiprocessing

    # in a frozen build a worker process starts this program again: here it becomes the worker
    # instead of a second kibericht (a no-op everywhere else)
    multiprocessing.freeze_support()

    from kibericht.cli import main

    main()
