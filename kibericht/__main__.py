from kibericht.cli import main

if __name__ == "__main__":  # not in a spawned worker process, which imports this module
    main()
