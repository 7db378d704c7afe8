// placeholder entry point
print("bertscope")
