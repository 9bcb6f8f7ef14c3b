param location string = resourceGroup().location

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'acmestorage'
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
}
