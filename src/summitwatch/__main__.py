from summitwatch.present.cli import main

main()
