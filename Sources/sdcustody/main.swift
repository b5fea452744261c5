import SDCustodyCLI

SDCustody.run()
