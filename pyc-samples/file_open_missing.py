open("no_such_file_rpvm.txt")
