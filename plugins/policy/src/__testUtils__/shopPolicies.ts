import { InMemoryPolicyApi } from './InMemoryPolicyApi';

/** The orders service may call payments over HTTP and its database over TCP. */
export const ORDERS_POLICY = `apiVersion: idp-platform.io/v1alpha1
kind: ServiceCommunicationPolicy
metadata:
  name: orders
  entityRef: component:default/orders
  description: What the orders service may call
spec:
  source:
    service: orders
    tier: backend
  destinations:
    - service: payments
      ports:
        - port: 8080
          protocol: HTTP
      paths:
        - /charges*
      methods:
        - POST
    - service: orders-db
      ports:
        - port: 5432
          protocol: TCP
  deniedDestinations: []
  restrictions:
    denyExternalServices: true
    allowMonitoringTools: true
  accessRules:
    issuer: https://auth.example.com
    jwksUri: https://auth.example.com/.well-known/jwks.json
    rules:
      - name: shop-staff
        action: allow
        claims:
          groups:
            - shop-staff
  scenarios:
    - kind: communication
      name: orders reaches payments
      from: orders
      to: payments
      port: 8080
      expect: allow
    - kind: communication
      name: orders cannot reach the card network
      from: orders
      to: card-network
      port: 443
      expect: deny
    - kind: request
      name: staff may read orders
      claims:
        groups: shop-staff
      request:
        method: GET
        path: /orders
      expect: allow
`;

/** Payments must never reach the card network directly. */
export const PAYMENTS_POLICY = `apiVersion: idp-platform.io/v1alpha1
kind: ServiceCommunicationPolicy
metadata:
  name: payments
  entityRef: component:default/payments
spec:
  source:
    service: payments
  destinations: []
  deniedDestinations:
    - service: card-network
  scenarios:
    - kind: communication
      name: payments reaches the card network
      from: payments
      to: card-network
      port: 443
      expect: allow
`;

/** The shop's policies in memory: orders and payments, nothing applied yet. */
export function shopPolicyApi() {
  return new InMemoryPolicyApi([ORDERS_POLICY, PAYMENTS_POLICY]);
}
